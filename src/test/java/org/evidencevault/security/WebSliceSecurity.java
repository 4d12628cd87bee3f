package org.evidencevault.security;

import org.springframework.context.annotation.Import;

/**
 * The production security of the API for web slice tests ({@link org.evidencevault.support.WebSliceTestSupport}):
 * the real {@link SecurityConfiguration} (one filter chain: session login with CSRF, bearer tokens without, problem
 * documents for 401/403 under {@code /api/**}, the firewall's problem document), its {@link ProblemResponses}, and
 * the real {@link CurrentActor}, so roles map to vault roles exactly as in production. Only {@link ApiTokens}, which
 * needs the store, is replaced by a mock in the slice; no slice test sends a bearer token.
 *
 * <p>Deliberately not a {@code @Configuration} or {@code @Component}, so full-context tests never scan it.
 */
@Import({SecurityConfiguration.class, ProblemResponses.class, CurrentActor.class})
public class WebSliceSecurity {
}
