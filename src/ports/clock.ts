/** Now, in ms since the epoch (Date.now in production; tests step it). */
export type Clock = () => number;
