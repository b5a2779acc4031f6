exports.greeting = () => "bench node-app:";
