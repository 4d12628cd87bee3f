package org.evidencevault.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Checkpoints, repair and re-verification run on schedules. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditConfiguration {
}
