package dev.pagerlab.app.page;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Serves the teaching page's HTML: {@code /} creates or opens a lab, {@code /labs/{lab}} is the live page of one
 * (its script reads the lab id from the path and the view from the query). The pages are static files; the lab
 * page answers for an unknown lab too and says so itself, from the API's answer.
 */
@Controller
@Hidden
class PageController {

    @GetMapping("/")
    String home() {
        return "forward:/index.html";
    }

    @GetMapping("/labs/{lab}")
    String lab(@PathVariable String lab) {
        return "forward:/lab.html";
    }
}
