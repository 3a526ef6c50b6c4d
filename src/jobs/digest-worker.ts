import { parentPort, workerData } from "node:worker_threads";
import { digestFigures, type DigestFiguresInput } from "../core/digest/figures.js";

// A digest's figures, computed on a worker thread so the thread that serves requests stays free (see digest-figures.ts).
parentPort!.postMessage(digestFigures(workerData as DigestFiguresInput));
