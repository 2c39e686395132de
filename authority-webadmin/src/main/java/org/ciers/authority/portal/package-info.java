/**
 * The organization portal: its public routes under {@code /ciers/portal}, its static page, and the
 * pages that answer the links the authority mails.
 */
package org.ciers.authority.portal;
