package org.evidencevault.security;

import org.evidencevault.access.CurrentActor;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.evidencevault.common.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/accounts} (ADMIN): create accounts (they enrol a second factor at their first
 * login), disable and re-enable them, set their roles and case teams, reset their password (which ends their second
 * factors, sessions and tokens; the new password is shown once).
 */
@RestController
@RequestMapping("/api/v1/admin/accounts")
class AccountAdminController {

    private final AccountService accounts;
    private final PasskeyStore passkeys;
    private final CurrentActor actor;

    AccountAdminController(AccountService accounts, PasskeyStore passkeys, CurrentActor actor) {
        this.accounts = accounts;
        this.passkeys = passkeys;
        this.actor = actor;
    }

    record AccountView(String username, List<Role> roles, List<String> teams, List<String> mandates, boolean disabled, boolean enrolmentPending, boolean totpEnrolled,
                       int passkeys, Instant createdAt) {
    }

    /** {@code teams}: the case teams of the new account (optional). */
    record NewAccount(String username, Set<Role> roles, String password, Set<String> teams) {
        @Override
        public String toString() {
            return "NewAccount[" + username + ", " + roles + ", password=***]";
        }
    }

    record Roles(Set<Role> roles) {
    }

    record Mandates(Set<String> mandates) {
    }

    record Teams(Set<String> teams) {
    }

    record ResetView(AccountView account, String temporaryPassword) {
        @Override
        public String toString() {
            return "ResetView[" + account.username() + ", ***]";
        }
    }

    @GetMapping
    List<AccountView> list() {
        return accounts.list(actor.get()).stream().map(this::view).toList();
    }

    @GetMapping("/{username}")
    AccountView get(@PathVariable String username) {
        return view(accounts.get(actor.get(), username));
    }

    @PostMapping
    ResponseEntity<AccountView> create(@RequestBody NewAccount body) {
        Account a = accounts.create(actor.get(), body.username(), body.roles(), body.teams(), body.password());
        return ResponseEntity.created(URI.create("/api/v1/admin/accounts/" + a.username())).body(view(a));
    }

    @PostMapping("/{username}/disable")
    AccountView disable(@PathVariable String username) {
        return view(accounts.disable(actor.get(), username));
    }

    @PostMapping("/{username}/enable")
    AccountView enable(@PathVariable String username) {
        return view(accounts.enable(actor.get(), username));
    }

    @PutMapping("/{username}/roles")
    AccountView roles(@PathVariable String username, @RequestBody Roles body) {
        return view(accounts.setRoles(actor.get(), username, body.roles()));
    }

    /** The UN mandates a rapporteur serves ({@code {"mandates": ["SR_HRD"]}}); their sessions and tokens end. */
    @PutMapping("/{username}/mandates")
    AccountView mandates(@PathVariable String username, @RequestBody Mandates body) {
        return view(accounts.setMandates(actor.get(), username, body.mandates()));
    }

    @PutMapping("/{username}/teams")
    AccountView teams(@PathVariable String username, @RequestBody Teams body) {
        return view(accounts.setTeams(actor.get(), username, body.teams()));
    }

    @PostMapping("/{username}/password-reset")
    ResetView reset(@PathVariable String username) {
        AccountService.Reset r = accounts.resetPassword(actor.get(), username, passkeys);
        return new ResetView(view(r.account()), r.temporaryPassword());
    }

    private AccountView view(Account a) {
        return new AccountView(a.username(), a.roles().stream().sorted().toList(), a.teams().stream().sorted().toList(),
                a.mandates().stream().sorted().toList(), a.disabled(), a.enrolmentPending(),
                a.totpEnrolled(), passkeys.list(a.username()).size(), a.createdAt());
    }
}
