"""Who is acting: solo or team mode, local accounts (Argon2 passwords, throttled sign-in,
session expiry), OpenID Connect identities, and what each role on an incident may do."""
