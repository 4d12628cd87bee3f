package org.evidencevault.evidence;

import java.util.Set;

/**
 * What an evidence item is, and the media types its bytes may have where that matters (empty: any). A declared
 * or detected type outside that set is refused.
 */
public enum EvidenceKind {
    MVT_RESULT(Set.of("application/json", "text/csv", "text/plain", "application/zip")),
    STIX2_IOC_SET(Set.of("application/json", "application/stix+json")),
    LAB_REPORT(Set.of()),
    NOTIFICATION_EMAIL(Set.of("message/rfc822", "text/plain", "text/html", "application/pdf", "image/png", "image/jpeg")),
    SCREENSHOT(Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/heic")),
    DEVICE_BACKUP(Set.of()),
    UN_LETTER(Set.of("application/pdf", "text/plain", "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
    UN_REPLY(Set.of("application/pdf", "text/plain", "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")),
    WEB_CAPTURE(Set.of()),
    OTHER(Set.of());

    private final Set<String> mediaTypes;

    EvidenceKind(Set<String> mediaTypes) {
        this.mediaTypes = mediaTypes;
    }

    /** Whether bytes of {@code mediaType} (no parameters) may be an item of this kind. */
    public boolean allows(String mediaType) {
        return mediaTypes.isEmpty() || mediaTypes.contains(mediaType);
    }
}
