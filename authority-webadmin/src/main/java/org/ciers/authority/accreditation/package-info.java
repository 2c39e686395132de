/**
 * Accreditation (spec §2): organizations and their portal accounts (sign-up, one-time codes, phone
 * verification, sessions), domain requests and their proof (contact, DNS, operator), a domain's
 * credentials, its MX hosts' certificates from the authority's CA ({@code ca}), and its removal.
 * No routes here: the portal and the operator routes call these services.
 */
package org.ciers.authority.accreditation;
