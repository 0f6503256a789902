'use strict';

// autocannon `setupRequest` for its worker thread, which loads it by path (a thread cannot receive a
// function): each request gets the next integer `duration`, so each has its own model id and enqueues a
// new job. Path, units and first value come from the environment the thread was started with; the
// benchmark runs autocannon with one worker thread, so one counter covers every connection.
const path = process.env.AUGUR_BENCH_PATH;
const units = process.env.AUGUR_BENCH_UNITS;
let next = Number(process.env.AUGUR_BENCH_FIRST_DURATION);

module.exports = function varyDuration(request) {
  request.path = `${path}?duration=${next++}&units=${units}`;
  return request;
};
