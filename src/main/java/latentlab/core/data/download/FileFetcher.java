package latentlab.core.data.download;

import latentlab.core.data.download.DownloadException.Reason;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attempt at fetching a published file into its {@code .part} file with {@link HttpClient}. When
 * the part file already holds a prefix, it asks for the rest with an HTTP range request and appends; a
 * server that ignores the range sends the whole file, which then replaces the part. The caller verifies
 * the finished part and moves it into place.
 */
final class FileFetcher {
    /** How often the watchdog looks for a cancellation or a stalled transfer. */
    static final Duration POLL = Duration.ofMillis(50);
    private static final int BUFFER_BYTES = 1 << 16;

    private final HttpClient client;
    private final Duration stallTimeout;

    /** Why an attempt failed; its reason tells the caller whether to retry, try another mirror or stop. */
    static final class AttemptFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final Reason reason;

        AttemptFailed(Reason reason, String detail, Throwable cause) {
            super(detail, cause);
            this.reason = reason;
        }

        Reason reason() {
            return reason;
        }
    }

    /** What an attempt received: bytes over the network, and whether it continued an earlier part. */
    record Fetched(long bytes, boolean resumed) {
    }

    /** Told how far the attempt has got. */
    interface Progress {
        void connecting(URI uri, long bytesOnDisk);

        void received(URI uri, long bytesOnDisk);
    }

    /**
     * @param client       the client to fetch with
     * @param stallTimeout how long to wait for the response headers, and for the next bytes of the body
     */
    FileFetcher(HttpClient client, Duration stallTimeout) {
        this.client = client;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Brings {@code part} up to the published size of {@code file} from {@code uri}.
     *
     * @throws AttemptFailed with {@link Reason#NO_NETWORK} when the server cannot be reached,
     *                       {@link Reason#SERVER_ERROR} for an HTTP error, {@link Reason#CORRUPT} when the server
     *                       offers a file of another size (the part is deleted), {@link Reason#INTERRUPTED} when
     *                       the transfer stops part-way (the part is kept), {@link Reason#CANCELLED}, or
     *                       {@link Reason#DISK} when the part cannot be written
     */
    Fetched fetch(URI uri, Path part, PublishedFile file, Progress progress, CancellationToken cancel)
            throws AttemptFailed {
        long have = sizeOrZero(part);
        if (have > file.size()) {
            delete(part);
            have = 0;
        }
        if (have == file.size()) {
            return new Fetched(0, true);
        }
        progress.connecting(uri, have);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(stallTimeout)
                .header("Accept-Encoding", "identity");
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = send(request.build(), cancel);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            boolean resumed = have > 0 && status == HttpStatus.PARTIAL_CONTENT
                    && response.headers().firstValue("Content-Range").orElse("").startsWith("bytes " + have + "-");
            if (status == HttpStatus.RANGE_NOT_SATISFIABLE) {
                delete(part);
                throw new AttemptFailed(Reason.INTERRUPTED, "the server would not resume the partial download;"
                        + " it is started again", null);
            }
            if (!resumed && status == HttpStatus.PARTIAL_CONTENT) {
                delete(part);
                throw new AttemptFailed(Reason.INTERRUPTED, "the server sent a range other than the one asked"
                        + " for; the download is started again", null);
            }
            if (!resumed && status != HttpStatus.OK) {
                throw new AttemptFailed(Reason.SERVER_ERROR, "the server answered HTTP " + status
                        + HttpStatus.meaning(status), null);
            }
            long from = resumed ? have : 0;
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            if (length.isPresent() && from + length.getAsLong() != file.size()) {
                delete(part);
                throw new AttemptFailed(Reason.CORRUPT, "the server offers a file of " + (from + length.getAsLong())
                        + " bytes, but the published file has " + file.size(), null);
            }
            long fetched = copy(body, uri, part, from, file, progress, cancel);
            return new Fetched(fetched, resumed);
        } catch (IOException e) {
            // closing the body failed: the transfer itself is complete or already reported
            throw new AttemptFailed(Reason.INTERRUPTED, "the connection failed: " + describe(e), e);
        }
    }

    /** Sends the request, waiting for the response headers while watching for a cancellation. */
    private HttpResponse<InputStream> send(HttpRequest request, CancellationToken cancel) throws AttemptFailed {
        CompletableFuture<HttpResponse<InputStream>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        while (true) {
            try {
                return future.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancel.isCancelled()) {
                    future.cancel(true);
                    future.thenAccept(late -> closeQuietly(late.body()));
                    throw cancelled();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                throw cancelled();
            } catch (ExecutionException e) {
                throw connectionFailure(e.getCause());
            }
        }
    }

    /**
     * Copies the body into the part file from byte {@code from} on, with a watchdog that closes the body
     * when the user cancels or when no byte arrives for the stall timeout.
     */
    private long copy(InputStream body, URI uri, Path part, long from, PublishedFile file, Progress progress,
                      CancellationToken cancel) throws AttemptFailed {
        AtomicLong lastByteNanos = new AtomicLong(System.nanoTime());
        AtomicBoolean stalled = new AtomicBoolean();
        AtomicBoolean finished = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("latentlab-download-watchdog").start(() -> {
            while (!finished.get()) {
                boolean stall = System.nanoTime() - lastByteNanos.get() > stallTimeout.toNanos();
                if (cancel.isCancelled() || stall) {
                    stalled.set(stall && !cancel.isCancelled());
                    closeQuietly(body);
                    return;
                }
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long have = from;
        try (FileChannel out = openPart(part, from > 0)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    if (cancel.isCancelled()) {
                        throw cancelled();
                    }
                    throw new AttemptFailed(Reason.INTERRUPTED, (stalled.get()
                            ? "no data arrived for " + stallTimeout.toSeconds() + " s"
                            : "the connection was lost (" + describe(e) + ")") + " after " + have + " of "
                            + file.size() + " bytes", e);
                }
                if (n < 0) {
                    break;
                }
                lastByteNanos.set(System.nanoTime());
                if (have + n > file.size()) {
                    out.close();
                    delete(part);
                    throw new AttemptFailed(Reason.CORRUPT, "the server sent more than the " + file.size()
                            + " bytes of the published file", null);
                }
                out.write(ByteBuffer.wrap(buffer, 0, n));
                have += n;
                progress.received(uri, have);
                if (cancel.isCancelled()) {
                    throw cancelled();
                }
            }
            out.force(true);
        } catch (IOException e) {
            throw new AttemptFailed(Reason.DISK, "could not write " + part + ": " + describe(e), e);
        } finally {
            finished.set(true);
            watchdog.interrupt();
        }
        if (have < file.size()) {
            throw new AttemptFailed(Reason.INTERRUPTED, "the connection closed after " + have + " of "
                    + file.size() + " bytes", null);
        }
        return have - from;
    }

    private static FileChannel openPart(Path part, boolean append) throws IOException {
        return append
                ? FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Classifies a failure before any response arrived. */
    private static AttemptFailed connectionFailure(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new AttemptFailed(Reason.NO_NETWORK, "no answer to the connection request", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new AttemptFailed(Reason.NO_NETWORK, "connected, but no response arrived", cause);
        }
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof SSLException) {
            Throwable root = cause;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String what = root instanceof UnresolvedAddressException || root instanceof UnknownHostException
                    ? "the server's name could not be looked up"
                    : cause instanceof SSLException
                    ? "a secure connection could not be set up (" + describe(cause) + ")"
                    : cause.getMessage() == null || cause.getMessage().isBlank()
                    ? "the connection was refused or could not be made"
                    : "the connection was refused or could not be made (" + cause.getMessage() + ")";
            return new AttemptFailed(Reason.NO_NETWORK, what, cause);
        }
        return new AttemptFailed(Reason.INTERRUPTED, "the request failed: " + describe(cause), cause);
    }

    private static AttemptFailed cancelled() {
        return new AttemptFailed(Reason.CANCELLED, "cancelled", null);
    }

    static long sizeOrZero(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path file) throws AttemptFailed {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AttemptFailed(Reason.DISK, "could not delete " + file + ": " + describe(e), e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing only to stop the transfer
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** The HTTP status codes this class tells apart, and a few words on common ones. */
    private static final class HttpStatus {
        static final int OK = 200;
        static final int PARTIAL_CONTENT = 206;
        static final int RANGE_NOT_SATISFIABLE = 416;

        private HttpStatus() {
        }

        static String meaning(int status) {
            return switch (status) {
                case 403 -> " (forbidden)";
                case 404 -> " (not found)";
                case 429 -> " (too many requests)";
                case 500 -> " (server error)";
                case 502, 504 -> " (gateway error)";
                case 503 -> " (service unavailable)";
                default -> "";
            };
        }
    }
}
