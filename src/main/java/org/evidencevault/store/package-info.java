/**
 * The document store: a real MongoDB when {@code spring.mongodb.uri} is set, otherwise an embedded
 * mongo-java-server on an H2 file, made durable per acknowledged write. One code path for both.
 */
package org.evidencevault.store;
