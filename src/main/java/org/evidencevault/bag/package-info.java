/**
 * A small, dependency-free BagIt (RFC 8493) library: {@link org.evidencevault.bag.BagWriter} streams a bag into one
 * zip, payload files under {@code data/} with SHA-256 and SHA-512 manifests and a SHA-256 tag manifest, so that a
 * rapporteur receives a self-verifying evidence package; {@link org.evidencevault.bag.BagVerifier} checks such a zip
 * entry by entry, without unpacking it and without trusting its declared sizes. Pure Java: no Spring, no store, no
 * cipher.
 */
package org.evidencevault.bag;
