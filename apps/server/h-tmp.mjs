import { hash } from '@node-rs/argon2';
const o = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };
let t = performance.now();
for (let i = 0; i < 10; i++) await hash('bench-pass-1', o);
console.log('serial ms/hash', (performance.now() - t) / 10);
t = performance.now();
await Promise.all(Array.from({ length: 40 }, () => hash('bench-pass-1', o)));
console.log('parallel 40: per/s', 40 / ((performance.now() - t) / 1000));
