package io.stockade.command.identity;

import io.stockade.api.common.Role;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

final class IdentityRequests {
    private IdentityRequests() {}

    record Login(
            @NotBlank @Size(max = 254) String username,
            @NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "Login[username=" + username + "]";
        }
    }

    record Register(
            @NotBlank
            @Size(min = 3, max = 50)
            @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may contain letters, digits and . _ - only")
            String username,

            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(max = 1024) String password,
            @NotNull Role role) {
        @Override
        public String toString() {
            return "Register[username=" + username + ", role=" + role + "]";
        }
    }

    record UpdateUser(Role role, Boolean isActive) {}

    record UpdateProfile(@NotBlank @Email @Size(max = 254) String email) {}

    record ChangePassword(
            @NotBlank @Size(max = 1024) String currentPassword,
            @NotBlank @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "ChangePassword[***]";
        }
    }

    record ResetRequest(@NotBlank @Email @Size(max = 254) String email) {
        @Override
        public String toString() {
            return "ResetRequest[***]";
        }
    }

    record ResetConfirm(
            @NotBlank @Size(max = 200) String token,
            @NotBlank @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "ResetConfirm[***]";
        }
    }
}
