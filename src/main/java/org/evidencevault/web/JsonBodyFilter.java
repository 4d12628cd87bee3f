package org.evidencevault.web;

import org.evidencevault.problems.ProblemWriter;
import org.evidencevault.problems.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.evidencevault.common.RuleViolation;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API reads JSON only, as exact UTF-8. A request to {@code /api/**} that carries a body must say
 * {@code Content-Type: application/json} (or an {@code application/*+json} type), with no charset or
 * {@code charset=utf-8}; anything else, wildcards and YAML included, is 415, so no other parser ever sees
 * the body. The body itself must be well-formed UTF-8 without a byte order mark: UTF-16, overlong forms
 * such as {@code C0 AF} and stray bytes are 400 before any JSON is read. Bodies are at most
 * {@code vault.web.max-body-bytes} (the size filter runs first), so reading one whole is bounded.
 * The path that takes raw bytes (evidence content) is exempt: {@link #isEvidenceContent}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class JsonBodyFilter extends OncePerRequestFilter {

    /** Path prefixes (under /api/) whose bodies are raw bytes, not JSON. */
    /**
     * The bytes of an evidence item ({@code PATCH /api/v1/evidence/{id}/content}): raw, streamed, as large as the
     * evidence limits allow; neither JSON nor bounded by the JSON body limit (the evidence service counts them).
     */
    public static boolean isEvidenceContent(String path) {
        return path.matches("/api/v1/evidence/[^/]+/content");
    }

    private final ProblemWriter problems;

    JsonBodyFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/api/") || isEvidenceContent(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        String refusal = mediaTypeRefusal(request.getContentType());
        if (refusal != null) {
            problems.write(response, Problems.invalid(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported media type", List.of(new RuleViolation("Content-Type", "media-type", refusal))));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLargeException e) {
            problems.write(response, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
                    e.getMessage()));
            return;
        }
        String encoding = encodingProblem(body);
        if (encoding != null) {
            problems.write(response, Problems.invalid(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                    List.of(new RuleViolation("body", "utf-8", encoding))));
            return;
        }
        chain.doFilter(new Buffered(request, body), response);
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** Why this Content-Type is refused, or null for JSON in UTF-8. */
    static String mediaTypeRefusal(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "a request body needs Content-Type: application/json";
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return "is not a valid media type; send application/json";
        }
        boolean json = "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
        if (!json || type.isWildcardType() || type.isWildcardSubtype()) {
            return "the API reads only application/json";
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            return "the API reads only UTF-8: send no charset or charset=utf-8";
        }
        return null;
    }

    /** Why these bytes are not a UTF-8 JSON text, or null. */
    static String encodingProblem(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            return "must be UTF-8 without a byte order mark";
        }
        if (body.length >= 2 && ((body[0] & 0xFF) == 0xFE && (body[1] & 0xFF) == 0xFF
                || (body[0] & 0xFF) == 0xFF && (body[1] & 0xFF) == 0xFE)) {
            return "must be UTF-8, not UTF-16";
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            return "must be well-formed UTF-8";
        }
        for (byte b : body) {
            if (b == 0) {
                return "must be UTF-8 (it holds NUL bytes, as UTF-16 or UTF-32 would)";
            }
        }
        return null;
    }

    /** The request with its body already read (and checked). */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
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

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
