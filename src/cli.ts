/* Placeholder: the command line (keygen, check, login) is being built. */
console.log('sf-jwt-login <command>\n\nCommands:\n  keygen   make a key pair and certificate\n  check    check a key against a certificate\n  login    log in like the action');
