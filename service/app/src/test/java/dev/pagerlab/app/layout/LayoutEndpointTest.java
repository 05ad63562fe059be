package dev.pagerlab.app.layout;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** layout.svg and the page routes over a real socket: content types, and refusals that stay problems. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LayoutEndpointTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePictureOfARegionMapAsSvg() throws Exception {
        Api lab = Api.on(port).newLab("x86_64");
        String as = lab.create("/rm-sessions", "{\"size\":\"1G\",\"label\":\"AS\"}");
        String ds = lab.create("/dataspaces", "{\"type\":\"RAM\",\"size\":\"2M\"}");
        lab.create("/rm-sessions/" + as + "/regions", "{\"dataspace\":\"" + ds + "\"}");

        for (String accept : new String[]{"image/svg+xml", "*/*", "image/*"}) {
            HttpResponse<String> answer = get("/api/v1/labs/" + lab.labId() + "/rm-sessions/" + as + "/layout.svg",
                    accept);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("image/svg+xml"));
            Picture picture = new Picture(answer.body());
            assertThat(picture.one("//g[contains(@class,'region')]").getAttribute("data-dataspace")).isEqualTo(ds);
        }
    }

    @Test
    void anUnknownRegionMapOrLabIsANotFoundProblem() throws Exception {
        Api lab = Api.on(port).newLab("foc");
        for (String path : new String[]{"/api/v1/labs/" + lab.labId() + "/rm-sessions/rm-9/layout.svg",
                "/api/v1/labs/lab-nothing/rm-sessions/rm-1/layout.svg"}) {
            for (String accept : new String[]{"image/svg+xml", "image/*", "*/*"}) {
                HttpResponse<String> answer = get(path, accept);
                assertThat(answer.statusCode()).as(path + " " + accept).isEqualTo(404);
                assertThat(answer.headers().firstValue("Content-Type").orElse(""))
                        .startsWith("application/problem+json");
                assertThat(answer.body()).contains("\"code\":\"NOT_FOUND\"");
            }
            // A client that accepts only JSON gets no picture: content negotiation answers 406, not a 5xx.
            assertThat(get(path, "application/json").statusCode()).isEqualTo(406);
        }
    }

    @Test
    void thePagesAreHtml() throws Exception {
        for (String path : new String[]{"/", "/labs/default", "/labs/default?rm=rm-1&fault=0x0:READ&step=0"}) {
            HttpResponse<String> answer = get(path, "text/html");
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(answer.body()).contains("<script type=\"module\"");
        }
        assertThat(get("/js/lab.js", "*/*").headers().firstValue("Content-Type").orElse(""))
                .contains("javascript");
    }
}
