package org.evidencevault.security;

import org.evidencevault.access.CurrentActor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.crypto.BlindIndex;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The first factor, for the login form and the token endpoint alike: throttled ({@link LoginThrottle}),
 * recorded (a failed, throttled or accepted password is an ACCESS entry, the address only as a keyed hash,
 * an unknown username only as a keyed hash too), and answered the same way for an unknown user, a wrong
 * password, a disabled account and a throttled attempt, each costing one Argon2id verification. A password
 * alone opens nothing but the second-factor step: the result carries only the PASSWORD factor.
 */
@Component
class PasswordLoginProvider implements AuthenticationProvider {

    static final String LOGIN_NAME_TARGET = "login-name";

    private final AccountService accounts;
    private final LoginThrottle throttle;
    private final Audited audited;
    private final AccessAddresses addresses;
    private final BlindIndex blindIndex;
    private final LoginMetrics metrics;

    PasswordLoginProvider(AccountService accounts, LoginThrottle throttle, Audited audited, AccessAddresses addresses,
                          BlindIndex blindIndex, LoginMetrics metrics) {
        this.metrics = metrics;
        this.accounts = accounts;
        this.throttle = throttle;
        this.audited = audited;
        this.addresses = addresses;
        this.blindIndex = blindIndex;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String address = authentication.getDetails() instanceof WebAuthenticationDetails d ? addresses.of(d.getRemoteAddress())
                : addresses.of((String) null);
        Optional<Account> account = check(authentication.getName(), String.valueOf(authentication.getCredentials()), address);
        if (account.isEmpty()) {
            throw new BadCredentialsException("invalid username or password");
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.addAll(CurrentActor.authorities(account.get().roles(), account.get().teams(), account.get().mandates()));
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY));
        UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(account.get().username(), null, authorities);
        result.setDetails(authentication.getDetails());
        return result;
    }

    /** The first factor: the account if the password is right and nothing throttles the attempt. */
    Optional<Account> check(String username, String password, String address) {
        String name = AccountService.normalise(username) == null ? "" : AccountService.normalise(username);
        Target who = accounts.find(name).map(a -> new Target(AccountRecords.KIND.type(), a.username()))
                .orElseGet(() -> new Target(LOGIN_NAME_TARGET, blindIndex.of("access.login-name", name)));
        if (throttle.throttled(name, address)) {
            accounts.spendPasswordCheckTime(password);
            audited.access(Actor.ANONYMOUS, Action.LOGIN_THROTTLED, List.of(who, addresses.target(address)));
            metrics.throttled();
            return Optional.empty();
        }
        Optional<Account> account = accounts.checkPassword(name, password);
        if (account.isEmpty()) {
            throttle.failed(name, address);
            audited.access(Actor.ANONYMOUS, Action.LOGIN_FAILED, List.of(who, addresses.target(address)));
            metrics.failed();
            return Optional.empty();
        }
        throttle.succeeded(name);
        audited.access(new Actor(account.get().username(), account.get().roles()), Action.PASSWORD_ACCEPTED,
                List.of(who, addresses.target(address)));
        return account;
    }

    /**
     * The second factor by TOTP code: throttled like passwords (per account and address), recorded when it
     * fails. True if the code is the account's current, unused code.
     */
    boolean checkTotp(Account account, String code, String address) {
        String key = "totp/" + account.username();
        Actor actor = new Actor(account.username(), account.roles());
        Target who = new Target(AccountRecords.KIND.type(), account.username());
        if (throttle.throttled(key, address)) {
            audited.access(actor, Action.LOGIN_THROTTLED, List.of(who, addresses.target(address)));
            metrics.throttled();
            return false;
        }
        if (!accounts.totpMatches(actor, account.username(), code)) {
            throttle.failed(key, address);
            audited.access(actor, Action.SECOND_FACTOR_FAILED, List.of(who, addresses.target(address)));
            metrics.failed();
            return false;
        }
        throttle.succeeded(key);
        return true;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
