package dev.jobcache.adapters.rest;

import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where {@link HttpEdge} listens: exactly the host and port it is given, or nowhere. */
class HttpEdgeTest {

    private static final AddOn NO_ADMISSION = (listener, filters) -> { };

    @Test
    void refusesAnAddressThatIsNoneInsteadOfListeningOnEveryInterfaceAndPort80() {
        assertThatThrownBy(() -> start("999.1.1.1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'999.1.1.1'");
        assertThatThrownBy(() -> start("my_host", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'my_host'");
    }

    @Test
    void listensOnTheHostItIsGiven() throws IOException {
        try (HttpEdge edge = start("127.0.0.1", 0)) {
            assertThat(edge.port()).isPositive();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), edge.port())) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @Test
    void takesAnIpv6AddressWithOrWithoutBrackets() {
        assertThat(HttpEdge.listenerUri("::1", 8080).getHost()).isEqualTo("[::1]");
        assertThat(HttpEdge.listenerUri("[::1]", 8080).getHost()).isEqualTo("[::1]");
        assertThat(HttpEdge.listenerUri("::1", 8080).getPort()).isEqualTo(8080);
    }

    @Test
    void failsWithTheBindErrorWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> start("127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(BindException.class);
        }
    }

    private static HttpEdge start(String host, int port) {
        return HttpEdge.start(host, port, 2, new ResourceConfig(), UnaryOperator.identity(), NO_ADMISSION);
    }
}
