package dev.pagerlab.app.web;

import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** 201 Created with the new resource's Location, relative to the collection that was posted to. */
public final class Created {

    private Created() {
    }

    public static <T> ResponseEntity<T> at(String id, T body) {
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id)
                .toUri()).body(body);
    }
}
