// GOV.UK Frontend's components (error summary focus, buttons); everything works without it.
import { initAll } from '/vendor/govuk-frontend/govuk-frontend.min.js';

document.body.classList.add('govuk-frontend-supported');
initAll();
