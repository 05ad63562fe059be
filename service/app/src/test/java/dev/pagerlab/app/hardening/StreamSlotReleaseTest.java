package dev.pagerlab.app.hardening;

import dev.pagerlab.app.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that closed its stream gives its slot back promptly: 1,000 open/close cycles on a lab limited to 32
 * stream clients are all accepted, although the heartbeat (15 s) never runs during the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pagerlab.sse.max-subscribers-per-lab=32", "pagerlab.sse.heartbeat=15s"})
class StreamSlotReleaseTest {

    @LocalServerPort
    int port;

    @Test
    void aThousandOpenCloseCyclesAgainstALimitOf32AreAllAccepted() throws Exception {
        Api lab = Api.on(port).newLab("foc");
        String handler = lab.create("/fault-handlers", "{}");
        int refused = 0;
        for (int i = 0; i < 1_000; i++) {
            String path = i % 3 == 0 ? "/fault-handlers/" + handler + "/signals" : "/events";
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET /api/v1/labs/" + lab.labId() + path + " HTTP/1.1\r\nHost: x\r\n"
                        + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                String status = in.readLine();
                if (status.contains(" 429 ")) {
                    refused++;
                    continue;
                }
                assertThat(status).as("cycle %d", i).contains(" 200 ");
                // Read up to the stream's first comment: the client is registered when it arrives.
                for (String line = in.readLine(); line != null && !line.contains("pagerlab stream"); line = in.readLine()) {
                    // headers and chunk sizes
                }
            }
        }
        assertThat(refused).as("cycles refused with 429").isZero();
        assertThat(lab.send("DELETE", lab.url(""), null).status()).isEqualTo(204);
    }
}
