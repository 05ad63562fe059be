package dev.pagerlab.app.web;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** pagerlab.cors.allowed-origins opens the API to the named origins and to no other; empty, to none. */
class CorsTest {

    private static HttpResponse<String> preflight(int port, String origin) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/labs/default/dataspaces")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String origin) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/platforms")).header("Origin", origin).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "pagerlab.cors.allowed-origins=https://course.example.org")
    class Configured {

        @LocalServerPort
        int port;

        @Test
        void theNamedOriginMayCallTheApi() throws Exception {
            var answer = preflight(port, "https://course.example.org");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("https://course.example.org");
            assertThat(answer.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
            var read = get(port, "https://course.example.org");
            assertThat(read.headers().firstValue("Access-Control-Allow-Origin"))
                    .contains("https://course.example.org");
            assertThat(read.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("Location");
        }

        @Test
        void anotherOriginIsRefused() throws Exception {
            assertThat(preflight(port, "https://elsewhere.example.com").statusCode()).isEqualTo(403);
            assertThat(get(port, "https://elsewhere.example.com").statusCode()).isEqualTo(403);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void noOriginIsAllowed() throws Exception {
            var answer = preflight(port, "https://course.example.org");
            assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(get(port, "https://course.example.org").headers()
                    .firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
