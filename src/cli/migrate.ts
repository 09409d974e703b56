process.argv.splice(2, process.argv.length, 'migrate');
await import('./dbsbm.ts');
