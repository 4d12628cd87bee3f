package org.evidencevault.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.audit.AccessRefusals;
import org.evidencevault.common.Actor;
import org.evidencevault.common.ApprovalException;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotAllowedException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.common.StepUpRequiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * What a page says when a request is refused: a page in the user's language (never the API's JSON), with the status
 * the API would answer. A refusal is recorded as the API records it ({@code access.denied}: a case, letter or item the
 * user may not reach is the same 404 page as an unknown one, and both are entries); a refusal that cannot be recorded
 * is a 503, and nothing is shown.
 */
@ControllerAdvice(basePackageClasses = PageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    private final CurrentActor actors;
    private final AccessRefusals refusals;

    PageErrors(CurrentActor actors, AccessRefusals refusals) {
        this.actors = actors;
        this.refusals = refusals;
    }

    @ExceptionHandler(NotFoundException.class)
    ModelAndView notFound(NotFoundException e, HttpServletRequest request, HttpServletResponse response) {
        return refused(request, response, AccessRefusals.Reason.NOT_FOUND, e.kind(), e.id(), 404, "notFound");
    }

    @ExceptionHandler({AccessDeniedException.class, NotAllowedException.class})
    ModelAndView forbidden(RuntimeException e, HttpServletRequest request, HttpServletResponse response) {
        String detail = e instanceof org.evidencevault.access.PermissionDeniedException p ? p.permission().name() : "role";
        return refused(request, response, AccessRefusals.Reason.PERMISSION, detail, null, 403, "forbidden");
    }

    @ExceptionHandler(StepUpRequiredException.class)
    ModelAndView stepUp(StepUpRequiredException e, HttpServletRequest request, HttpServletResponse response) {
        return refused(request, response, AccessRefusals.Reason.STEP_UP, null, null, 401, "stepUp");
    }

    @ExceptionHandler(ApprovalException.class)
    ModelAndView approval(ApprovalException e, HttpServletRequest request, HttpServletResponse response) {
        return refused(request, response, AccessRefusals.Reason.APPROVAL, e.rule(), null, 409, "approval");
    }

    @ExceptionHandler(StaleVersionException.class)
    ModelAndView stale(HttpServletResponse response) {
        return page(response, 412, "stale");
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(HttpServletResponse response) {
        return page(response, 422, "invalid");
    }

    private ModelAndView refused(HttpServletRequest request, HttpServletResponse response, AccessRefusals.Reason reason,
                                 String detail, String id, int status, String what) {
        Actor actor = actors.get();
        try {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            refusals.record(actor, reason, pattern == null ? null : request.getMethod() + " " + pattern, detail, id);
        } catch (RuntimeException e) {
            log.warn("a refusal could not be recorded: {}", e.getClass().getSimpleName());
            return page(response, 503, "unavailable");
        }
        return page(response, status, what);
    }

    private ModelAndView page(HttpServletResponse response, int status, String what) {
        response.setStatus(status);
        ModelAndView page = new ModelAndView(what.equals("notFound") ? "not-found" : "problem");
        page.addObject("what", what);
        page.addObject("currentPath", "/");
        try {
            page.addObject("username", actors.get().username());
        } catch (RuntimeException e) {
            // no one logged in: the header shows no account
        }
        return page;
    }
}
