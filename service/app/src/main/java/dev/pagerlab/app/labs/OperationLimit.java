package dev.pagerlab.app.labs;

import dev.pagerlab.app.web.Refused;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;
import java.util.Set;

/**
 * Refuses a request that would add to a lab's history once the history is at its limit
 * ({@link LabRegistry#requireRoom}), before the request runs: every POST, PUT and DELETE under a lab but the lab's
 * reset and its deletion, which take the history away, and a trace run, which runs on copies of the lab. A fault
 * batch checks its whole size itself.
 */
@Configuration(proxyBeanMethods = false)
class OperationLimit implements WebMvcConfigurer, HandlerInterceptor {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final LabRegistry labs;

    OperationLimit(LabRegistry labs) {
        this.labs = labs;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/v1/labs/*/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod) || request.getDispatcherType() != DispatcherType.REQUEST
                || !CHANGING.contains(request.getMethod()) || request.getRequestURI().endsWith("/reset")
                || request.getRequestURI().endsWith("/trace-runs")) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String lab = variables == null ? null : variables.get("lab");
        if (lab == null || "DELETE".equals(request.getMethod()) && variables.size() == 1) {
            return true;
        }
        LabRegistry.LabEntry entry;
        try {
            entry = labs.get(lab);
        } catch (Refused unknown) {
            // The handler answers for a lab that does not exist, as it always did.
            return true;
        }
        labs.requireRoom(entry, 1);
        return true;
    }
}
