export const OBSERVABILITY = 'observability';
