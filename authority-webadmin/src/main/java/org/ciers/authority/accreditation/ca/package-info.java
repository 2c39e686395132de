/**
 * The authority's certificate authority: custody of its root key, and issuance of MX host
 * certificates. It depends only on the core (configuration, model, store, security).
 */
package org.ciers.authority.accreditation.ca;
