package dev.vigil.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses request bodies over {@link #MAX_BYTES} with 413 before anything reads them, on every route, public
 * or not. A declared length is judged from the header; a chunked body (no length) is read up to one byte
 * past the limit and refused there, so sixteen 200 MB chunked uploads cost at most 16 MB, not 6 GB.
 */
final class BodyLimit implements Filter {
    static final int MAX_BYTES = 1_000_000;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        long declared = req.getContentLengthLong();
        if (declared > MAX_BYTES) {
            refuse(req, (HttpServletResponse) response);
            return;
        }
        if (declared < 0 && req.getHeader("Transfer-Encoding") != null) {
            byte[] body = req.getInputStream().readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                refuse(req, (HttpServletResponse) response);
                return;
            }
            chain.doFilter(new Buffered(req, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletRequest req, HttpServletResponse res) throws IOException {
        res.setStatus(413);
        res.setHeader("Connection", "close"); // the rest of the body is not read: this connection is done
        boolean api = req.getRequestURI().startsWith("/api/");
        res.setContentType(api ? "application/json" : "text/plain; charset=utf-8");
        String message = "request body too large (at most " + MAX_BYTES + " bytes)";
        res.getOutputStream().write((api ? "{\"error\":\"" + message + "\"}" : message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The request with its (small) chunked body already read. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body was read already");
                }
            };
        }
    }
}
