package dev.pagerlab.app.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Problem answers for errors that never reach a controller. Tomcat answers some requests before Spring sees them (a
 * malformed or over-long request line, headers too large, TRACE); its error report valve is replaced by
 * {@link ProblemReportValve}. Errors the container forwards to {@code /error} are answered here, and {@code /error}
 * requested directly is an unknown path.
 */
@Hidden
@RestController
class ContainerErrors implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = code instanceof Integer value && value >= 400 ? HttpStatusCode.valueOf(value)
                : HttpStatus.NOT_FOUND;
        String detail = code == null ? "no resource " + request.getRequestURI()
                : ProblemReportValve.detailOf(status.value());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemAdvice.problem(status, ProblemAdvice.codeOf(status.value()), detail));
    }

    /** Makes Tomcat's hosts report errors with {@link ProblemReportValve} instead of HTML pages. */
    @Component
    static class ValveCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemReportValve.class.getName());
                }
            });
        }
    }
}
