package org.evidencevault.support;

import jakarta.servlet.ServletContext;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/** A POST whose length is not announced (as with chunked transfer): the limit must hold while streaming. */
public final class UnknownLengthPost extends AbstractMockHttpServletRequestBuilder<UnknownLengthPost> {

    public UnknownLengthPost(String path) {
        super(HttpMethod.POST);
        uri(path);
    }

    @Override
    protected MockHttpServletRequest createServletRequest(ServletContext servletContext) {
        return new MockHttpServletRequest(servletContext) {
            @Override
            public int getContentLength() {
                return -1;
            }

            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
    }
}
