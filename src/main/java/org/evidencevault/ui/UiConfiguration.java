package org.evidencevault.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The interface's language resolution (the bean name is the one the dispatcher looks up), what every rendered page's
 * header needs (the page's own path, where the language switch returns to, and who is logged in), and forms' fields
 * taken from their body only.
 */
@Configuration(proxyBeanMethods = false)
class UiConfiguration implements WebMvcConfigurer {

    @Bean
    LocaleResolver localeResolver() {
        return new Languages();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            /**
             * A page's form sends its fields in the body: a POST to a page with a query string is refused before the
             * handler runs (Spring binds request parameters from both, and a name in an address ends up in access and
             * proxy logs, browser history and Referer headers).
             */
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if ("POST".equals(request.getMethod()) && handler instanceof org.springframework.web.method.HandlerMethod m
                        && m.getBeanType().getPackageName().equals(UiConfiguration.class.getPackageName())) {
                    FormBody.requireBodyOnly(request);
                }
                return true;
            }

            @Override
            public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView mv) {
                if (mv == null || mv.getViewName() == null || mv.getViewName().startsWith("redirect:")) {
                    return;
                }
                // where the language switch returns: this page, if a GET can show it again (a search's or a check's result
                // is the answer to a POST: the switch goes home from there), without the context path redirects add
                boolean again = "GET".equals(request.getMethod());
                mv.addObject("currentPath", again ? request.getRequestURI().substring(request.getContextPath().length()) : "/");
                Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                if (auth != null && auth.isAuthenticated() && !"anonymousUser".equals(auth.getName())) {
                    mv.getModel().putIfAbsent("username", auth.getName());
                }
            }
        }).excludePathPatterns("/api/**");
    }
}
