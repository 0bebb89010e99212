/** `<domain>.<name>`, e.g. `policies.evaluate`: the shape of every operation id. */
export const OPERATION_ID_PATTERN = /^[a-z][\w-]*(\.[a-z][\w-]*)+$/i;

export const OPERATION_ID_MESSAGE = "must look like '<domain>.<name>' (letters, digits, _ and -)";
