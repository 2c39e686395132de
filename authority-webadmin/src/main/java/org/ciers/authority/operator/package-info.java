/**
 * The authority operator's WebAdmin routes on {@code /ciers}, all in one place, and what they read.
 */
package org.ciers.authority.operator;
