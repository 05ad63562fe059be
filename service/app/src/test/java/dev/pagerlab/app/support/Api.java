package dev.pagerlab.app.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A JSON client of the service over a real socket, with paths relative to one lab. */
public final class Api {

    /** One answer: status, parsed body (null node when empty), headers. */
    public record Answer(int status, JsonNode body, HttpHeaders headers) {
        /** The text at a JSON pointer such as {@code /mapping/virt}. */
        public String text(String pointer) {
            return body.at(pointer).asString();
        }

        public int integer(String pointer) {
            return body.at(pointer).asInt();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String root;
    private final String lab;

    private Api(String root, String lab) {
        this.root = root;
        this.lab = lab;
    }

    /** The service at {@code http://127.0.0.1:port}, on the lab {@code default}. */
    public static Api on(int port) {
        return new Api("http://127.0.0.1:" + port, "default");
    }

    /** The same service, on another lab. */
    public Api lab(String id) {
        return new Api(root, id);
    }

    /** A new lab on {@code platform}; the client for it. */
    public Api newLab(String platform) {
        Answer created = send("POST", root + "/api/v1/labs", "{\"platform\":\"" + platform + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("lab not created: " + created.body());
        }
        return lab(created.text("/id"));
    }

    public String labId() {
        return lab;
    }

    public String root() {
        return root;
    }

    /** The URL of {@code path} in this lab. */
    public String url(String path) {
        return root + "/api/v1/labs/" + lab + path;
    }

    public Answer get(String path) {
        return send("GET", url(path), null);
    }

    public Answer post(String path, String body) {
        return send("POST", url(path), body);
    }

    public Answer put(String path, String body) {
        return send("PUT", url(path), body);
    }

    public Answer delete(String path) {
        return send("DELETE", url(path), null);
    }

    /** Sends {@code body} as JSON (or nothing) to an absolute URL. */
    public Answer send(String method, String url, String body) {
        return send(method, url, body, "application/json");
    }

    public Answer send(String method, String url, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), parsed, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates something and answers its id; fails the test unless 201. */
    public String create(String path, String body) {
        Answer answer = post(path, body);
        if (answer.status() != 201) {
            throw new AssertionError("POST " + path + " " + body + " answered " + answer.status() + " "
                    + answer.body());
        }
        return answer.body().has("id") ? answer.text("/id") : answer.text("/at");
    }
}
