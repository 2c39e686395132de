/**
 * Transmissions (spec §3 to §5): the protocol routes {@code /ciers/v1/<request_type>}, the
 * authentication of mail servers, authorising, validating and reporting a transmission, and what
 * follows a report (the sender's notice, its flagged messages, its request to look again).
 */
package org.ciers.authority.transmission;
