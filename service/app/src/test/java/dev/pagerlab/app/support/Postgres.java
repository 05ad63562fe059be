package dev.pagerlab.app.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A PostgreSQL server in a container, on host networking (no bridge on these machines): it listens on a free
 * loopback port given as a server argument. The image is {@code -Dpagerlab.postgres-image} (default the local
 * {@code pagerlab-postgres:17} that .ci/docker-engine.sh builds from Debian's package); the official
 * {@code postgres:17} works the same.
 */
public final class Postgres implements AutoCloseable {

    private final PostgreSQLContainer container;
    private final int port;

    private Postgres(PostgreSQLContainer container, int port) {
        this.container = container;
        this.port = port;
    }

    /** Whether a Docker engine answers and container tests are not switched off. */
    public static boolean available() {
        return !"skip".equals(System.getenv("PAGERLAB_CONTAINER_TESTS"))
                && DockerClientFactory.instance().isDockerAvailable();
    }

    /** Starts a server; {@code fsync} stays on, as in production. */
    public static Postgres start() {
        int port = freePort();
        DockerImageName image = DockerImageName.parse(System.getProperty("pagerlab.postgres-image",
                "pagerlab-postgres:17")).asCompatibleSubstituteFor("postgres");
        PostgreSQLContainer container = new HostNetworked(image, port);
        // Nothing to publish on host networking; Testcontainers would otherwise wait for port bindings.
        container.setExposedPorts(java.util.List.of());
        container.withNetworkMode("host")
                .withCommand("postgres", "-c", "port=" + port, "-c", "listen_addresses=127.0.0.1")
                .waitingFor(new Accepting(port, container))
                .withStartupTimeout(Duration.ofMinutes(2));
        container.start();
        return new Postgres(container, port);
    }

    public String url() {
        return url(port, container.getDatabaseName());
    }

    public String username() {
        return container.getUsername();
    }

    public String password() {
        return container.getPassword();
    }

    @Override
    public void close() {
        container.stop();
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Its JDBC URL names the chosen port on loopback, not a mapped port. */
    private static final class HostNetworked extends PostgreSQLContainer {
        private final int port;

        HostNetworked(DockerImageName image, int port) {
            super(image);
            this.port = port;
        }

        @Override
        public String getJdbcUrl() {
            return url(port, getDatabaseName());
        }
    }

    /** Mapped ports do not exist on host networking: ready when a JDBC login on the chosen port succeeds. */
    private static final class Accepting extends AbstractWaitStrategy {
        private final int port;
        private final PostgreSQLContainer container;

        Accepting(int port, PostgreSQLContainer container) {
            this.port = port;
            this.container = container;
        }

        @Override
        protected void waitUntilReady() {
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            while (System.nanoTime() < deadline) {
                try (Connection c = DriverManager.getConnection(url(port, container.getDatabaseName()),
                        container.getUsername(), container.getPassword())) {
                    if (c.isValid(2)) {
                        return;
                    }
                } catch (SQLException e) {
                    // not up yet
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("PostgreSQL did not accept logins on port " + port);
        }
    }
}
