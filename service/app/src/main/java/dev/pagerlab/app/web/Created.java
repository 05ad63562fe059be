package dev.pagerlab.app.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UrlPathHelper;

import java.util.Objects;

/**
 * 201 Created with the new resource's Location, relative to the collection that was posted to. The Location is a
 * path without scheme and host: built from the Host header it would echo whatever a client (or attacker) sent.
 */
public final class Created {

    private Created() {
    }

    /** 201 with {@code body} and a Location of the request's path plus {@code id}. */
    public static <T> ResponseEntity<T> at(String id, T body) {
        HttpServletRequest request = ((ServletRequestAttributes) Objects.requireNonNull(
                RequestContextHolder.getRequestAttributes())).getRequest();
        // The decoded, normalised path the request was mapped by, not the raw request URI.
        String path = request.getContextPath() + UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return ResponseEntity.created(UriComponentsBuilder.fromPath(path).pathSegment(id).encode().build().toUri())
                .body(body);
    }
}
