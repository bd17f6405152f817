/** Fixed port and token of the browser host the e2e suite starts (tests only). */
export const E2E_PORT = 41731;
export const E2E_TOKEN = 'e2e-test-token-not-secret';
