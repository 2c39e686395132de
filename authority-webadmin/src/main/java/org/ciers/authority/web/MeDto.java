package org.ciers.authority.web;

import java.util.List;

/** What a logged-in portal user sees first: the account, its organization, its domains and its domain requests. */
public record MeDto(AccountDto account, OrganizationDto organization, List<String> domains, List<DomainRequestDto> requests) {
}
