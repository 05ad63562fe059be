package dev.pagerlab.app.web;

import dev.pagerlab.engine.model.Failure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;

/**
 * Refuses requests whose shape the API does not use, before anything runs: matrix parameters ({@code ;x=1}, which the
 * path matching would otherwise drop silently, so that {@code rm-1;x=1} named rm-1) and a Content-Type that is a
 * wildcard ({@code *}{@code /*}, {@code application/*}) or not a media type at all.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestShape extends OncePerRequestFilter {

    private final HandlerExceptionResolver resolver;

    RequestShape(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RuntimeException refusal = refusal(request);
        if (refusal != null) {
            resolver.resolveException(request, response, null, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    private static RuntimeException refusal(HttpServletRequest request) {
        if (request.getRequestURI().indexOf(';') >= 0) {
            return new Refused(Failure.Code.VALIDATION_FAILED, "the path has a ';' (matrix or path parameters);"
                    + " this API uses none");
        }
        String contentType = request.getContentType();
        if (contentType != null) {
            try {
                MediaType type = MediaType.parseMediaType(contentType);
                if (type.isWildcardType() || type.isWildcardSubtype()) {
                    return unsupported("Content-Type '" + contentType + "' is a pattern, not the type of a body;"
                            + " send application/json");
                }
            } catch (InvalidMediaTypeException e) {
                return unsupported("Content-Type '" + contentType + "' is not a media type; send application/json");
            }
        }
        return null;
    }

    private static RuntimeException unsupported(String detail) {
        return ProblemException.unsupportedMediaType(detail);
    }
}
