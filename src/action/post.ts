/**
 * The post step (post-if: always()): removes the key copy and everything else the main step recorded, even when the
 * main step or the job failed. With cleanup (default), it also revokes the access token and removes the sf state this
 * login added, and only that, so a self-hosted runner keeps no live credential. Problems here are warnings.
 */
import { runPost } from './cleanup.js';

await runPost();
