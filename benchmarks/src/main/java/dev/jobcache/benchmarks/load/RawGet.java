package dev.jobcache.benchmarks.load;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One GET over a socket opened beforehand, for the stampede: with the connection already established, requests
 * released together really arrive together, instead of one client's connection pool spacing them out.
 */
final class RawGet implements Closeable {

    private final Socket socket;
    private final URI base;

    private RawGet(Socket socket, URI base) {
        this.socket = socket;
        this.base = base;
    }

    static RawGet connect(URI base) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(30_000);
        return new RawGet(socket, base);
    }

    /** Sends the request and reads the whole answer ({@code Connection: close}: the server ends it). */
    Answer send(String path, String token) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Accept-Encoding: gzip\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        String head = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        String[] lines = (end < 0 ? head : head.substring(0, end)).split("\r\n");
        int status = -1;
        if (lines.length > 0 && lines[0].startsWith("HTTP/1.1 ") && lines[0].length() >= 12) {
            status = Integer.parseInt(lines[0].substring(9, 12));
        }
        String cache = "";
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-cache:")) {
                cache = line.substring("x-cache:".length()).strip();
            }
        }
        return new Answer(status, cache);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The status and the {@code X-Cache} header of an answer. */
    record Answer(int status, String cache) {
    }
}
