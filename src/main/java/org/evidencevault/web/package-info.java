/**
 * Web infrastructure shared by every capability's controllers: RFC 9457 problem responses, strict
 * JSON, request size limits, ETag and If-Match handling, OpenAPI metadata.
 */
package org.evidencevault.web;
