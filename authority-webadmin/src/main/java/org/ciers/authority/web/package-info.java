/**
 * The HTTP side of the authority's routes: JSON in and out with errors in WebAdmin's shape, bodies
 * read within a bound, responses written past WebAdmin's body logger, and every route DTO (the JSON
 * shapes the operator and portal routes read and write).
 */
package org.ciers.authority.web;
