/**
 * The web interface: server-rendered pages (Thymeleaf, GOV.UK Frontend's design system without its branding) in
 * Spanish, English and French, over the same services and access policy as the API. Pages work without JavaScript;
 * the only scripts are the passkey ceremony's and GOV.UK Frontend's own, all from 'self'.
 */
package org.evidencevault.ui;
