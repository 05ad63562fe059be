package dev.pagerlab.app.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;
import java.util.Set;

/**
 * Answers 406 before a request that changes state runs, when its Accept header rules out JSON. Spring negotiates the
 * answer's type only after the handler returned, so an {@code Accept: application/xml} POST used to attach the region
 * (or create the lab) and then answer 406, the new id lost. An operation that answers in other types declares them
 * with {@code produces}; Spring then checks Accept before the handler runs, and this check stands aside.
 */
@Configuration(proxyBeanMethods = false)
class AcceptBeforeAction implements WebMvcConfigurer, HandlerInterceptor {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<MediaType> ANSWERS = List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotAcceptableException {
        if (!(handler instanceof HandlerMethod) || request.getDispatcherType() != DispatcherType.REQUEST
                || !CHANGING.contains(request.getMethod())
                || request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) != null) {
            return true;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return true;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("Accept '" + accept + "' is not a list of media types");
        }
        for (MediaType type : accepted) {
            if (type.getQualityValue() > 0 && ANSWERS.stream().anyMatch(type::isCompatibleWith)) {
                return true;
            }
        }
        throw new HttpMediaTypeNotAcceptableException(ANSWERS);
    }
}
