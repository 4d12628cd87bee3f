package org.evidencevault.web;

import org.evidencevault.problems.ProblemWriter;
import org.evidencevault.store.StoreProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The project's web beans that {@code @WebMvcTest} does not pick up by itself, for web slice tests
 * ({@link org.evidencevault.support.WebSliceTestSupport}). The slice finds on its own the controller advice
 * ({@link ProblemAdvice}), the {@code WebMvcConfigurer} {@link WebConfiguration} (the query-parameter interceptor)
 * and the two {@code @Component} filters ({@link BodySizeLimitFilter}, {@link JsonBodyFilter}); it does not find
 * the JSON strictness ({@link StrictJsonConfiguration}, a plain {@code @Configuration}), the {@link ProblemWriter}
 * the JSON filter writes its problems with, nor the properties the advice and the size filter read (the
 * application's {@code @ConfigurationPropertiesScan} honours the slice's filters). Those are imported here.
 *
 * <p>Deliberately not a {@code @Configuration} or {@code @Component}: the full-context tests scan
 * {@code org.evidencevault} on the test classpath too, and must never find it.
 */
@Import({StrictJsonConfiguration.class, ProblemWriter.class})
@EnableConfigurationProperties({WebProperties.class, StoreProperties.class})
public class WebSliceBeans {
}
