package latentlab.core.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A web server on the loopback address (127.0.0.1, a free port) that serves the real dataset files of
 * {@code shared/datasets} laid out as a data folder, and misbehaves on request: each response follows the
 * next queued {@link Mode}, then {@link Mode#NORMAL}.
 */
public final class LoopbackMirror implements AutoCloseable {
    /** The system property, set by surefire, naming the shared dataset folder. */
    public static final String SHARED_DATASETS_PROPERTY = "latentlab.sharedDatasets";
    private static final int SLOW_CHUNK_BYTES = 8 * 1024;
    private static final long SLOW_CHUNK_MILLIS = 5;
    private static final long SILENT_MILLIS = 10_000;

    /** How the server answers one request. */
    public enum Mode {
        /** The file, or the asked-for range of it (206 with Content-Range). */
        NORMAL,
        /** Always the whole file with 200, whatever the range. */
        IGNORE_RANGE,
        /** The first half of the file, honestly labelled with its shorter Content-Length. */
        TRUNCATED,
        /** The whole file with one byte changed. */
        CORRUPT,
        /** Announces the rest of the file, sends half of it, then drops the connection. */
        STOP_MIDWAY,
        /** Like NORMAL, in small chunks with pauses between them. */
        SLOW,
        /** Announces the file and then sends nothing. */
        SILENT,
        /** 404 Not Found. */
        NOT_FOUND
    }

    /** A request the server received: the path and the Range header (null when none). */
    public record Request(String path, String range) {
    }

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<Mode> queued = new ArrayDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<Path, byte[]> cache = new ConcurrentHashMap<>();

    private LoopbackMirror(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "loopback-mirror");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server over the shared datasets; skips the test when they are not there. */
    public static LoopbackMirror start() throws IOException {
        return new LoopbackMirror(sharedDatasets());
    }

    public static Path sharedDatasets() {
        String dir = System.getProperty(SHARED_DATASETS_PROPERTY);
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "shared datasets not found (system property " + SHARED_DATASETS_PROPERTY + ")");
        return Path.of(dir);
    }

    /** The server's root, http://127.0.0.1:PORT/. */
    public URI root() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The loopback address of a port where nothing listens. */
    public static URI unreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Queues how the next responses misbehave, in order. */
    public synchronized LoopbackMirror then(Mode... modes) {
        queued.addAll(List.of(modes));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The published bytes of a file of the shared datasets, e.g. "frey/frey_rawface.mat". */
    public byte[] bytes(String relative) throws IOException {
        return cache.computeIfAbsent(root.resolve(relative), p -> {
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private synchronized Mode next() {
        return queued.isEmpty() ? Mode.NORMAL : queued.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(new Request(path, range));
            Mode mode = next();
            Path file = root.resolve(path.substring(1)).normalize();
            if (mode == Mode.NOT_FOUND || !file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] data = bytes(root.relativize(file).toString());
            long from = range != null && range.startsWith("bytes=") && range.endsWith("-")
                    && mode != Mode.IGNORE_RANGE && mode != Mode.TRUNCATED && mode != Mode.CORRUPT
                    ? Long.parseLong(range.substring("bytes=".length(), range.length() - 1)) : 0;
            if (from >= data.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + data.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            int start = (int) from;
            int length = data.length - start;
            if (from > 0) {
                exchange.getResponseHeaders().add("Content-Range",
                        "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
            }
            int status = from > 0 ? 206 : 200;
            OutputStream body = exchange.getResponseBody();
            switch (mode) {
                case TRUNCATED -> {
                    exchange.sendResponseHeaders(200, data.length / 2);
                    body.write(data, 0, data.length / 2);
                }
                case CORRUPT -> {
                    byte[] copy = data.clone();
                    copy[copy.length / 2] ^= 0x5a;
                    exchange.sendResponseHeaders(200, copy.length);
                    body.write(copy);
                }
                case STOP_MIDWAY -> {
                    exchange.sendResponseHeaders(status, length);
                    body.write(data, start, length / 2);
                    body.flush();
                    // closing the exchange with bytes still owed drops the connection
                }
                case SLOW -> {
                    exchange.sendResponseHeaders(status, length);
                    for (int at = start; at < data.length; at += SLOW_CHUNK_BYTES) {
                        body.write(data, at, Math.min(SLOW_CHUNK_BYTES, data.length - at));
                        body.flush();
                        sleep(SLOW_CHUNK_MILLIS);
                    }
                }
                case SILENT -> {
                    exchange.sendResponseHeaders(status, length);
                    body.flush();
                    sleep(SILENT_MILLIS);
                }
                default -> {
                    exchange.sendResponseHeaders(status, length);
                    body.write(data, start, length);
                }
            }
        } catch (IOException e) {
            // the client went away, or a deliberately dropped connection: nothing to do
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("server stopping", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
