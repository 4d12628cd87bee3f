package org.evidencevault.web;

/** The request body is larger than {@code vault.web.max-body-bytes}. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
    }
}
