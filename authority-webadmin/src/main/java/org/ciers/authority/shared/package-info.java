/**
 * What several features of the authority share: its mail to people, the audit trail of account and
 * domain actions, and the refusals every JSON route answers alike (a bad field: 400, an unknown
 * subject: 404).
 */
package org.ciers.authority.shared;
