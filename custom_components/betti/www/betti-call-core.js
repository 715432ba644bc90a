// Betti video calls, the part without UI: CallSession (camera, peer connection, signaling)
// and SignalSocket (HA's websocket protocol, which Betti's guest socket speaks too).
// No build step: plain ES modules served by the integration.

const HEARTBEAT_MS = 10000;
// Why a call ended; the elements say it in the household's language (text "ended_<reason>").
const REASONS = ["hangup", "declined", "no_answer", "dropped", "timed_out", "expired", "failed"];

// An error the elements say in words: its key names the text.
function failure(key) {
  return Object.assign(new Error(key), { key });
}

function socketUrl(path) {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
}

// A small client for HA's websocket protocol: auth first, then numbered commands answered
// by results, and subscriptions answered by events. Enough for the guest page (and tests).
export class SignalSocket {
  static open(path, token) {
    const ws = new WebSocket(socketUrl(path));
    const socket = new SignalSocket(ws);
    return new Promise((resolve, reject) => {
      ws.onmessage = (ev) => {
        const msg = JSON.parse(ev.data);
        if (msg.type === "auth_required") {
          ws.send(JSON.stringify({ type: "auth", access_token: token }));
        } else if (msg.type === "auth_ok") {
          ws.onmessage = (e) => socket._receive(JSON.parse(e.data));
          ws.onclose = () => socket._lost();
          resolve(socket);
        } else if (msg.type === "auth_invalid") {
          ws.close();
          reject(failure("no_longer_available"));
        }
      };
      ws.onclose = () => reject(failure("unreachable"));
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.nextId = 1;
    this.pending = new Map();
    this.events = new Map();
  }

  _receive(msg) {
    if (msg.type === "event") {
      this.events.get(msg.id)?.(msg.event);
    } else if (msg.type === "result" && this.pending.has(msg.id)) {
      const { resolve, reject } = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.success) resolve(msg.result);
      else reject(msg.error);
    }
  }

  _lost() {
    for (const callback of this.events.values()) callback({ type: "peer_left", reason: "dropped" });
    this.events.clear();
  }

  _send(msg) {
    const id = this.nextId++;
    const result = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.ws.send(JSON.stringify({ ...msg, id }));
    return [id, result];
  }

  sendMessagePromise(msg) {
    return this._send(msg)[1];
  }

  async subscribeMessage(callback, msg) {
    const [id, result] = this._send(msg);
    this.events.set(id, callback);
    try {
      await result;
    } catch (err) {
      this.events.delete(id);
      throw err;
    }
    return async () => this.events.delete(id);
  }

  close() {
    this.ws.close();
  }
}

// One call from this browser: camera and microphone, the peer connection, and signaling.
export class CallSession {
  constructor(connection, onChange) {
    this.connection = connection;
    this.onChange = onChange;
    this.state = "starting";
    this.pending = [];
    this.chain = Promise.resolve();
  }

  async start(command) {
    // Ask for camera and microphone first: without them there is no call to make.
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    this._set("starting");
    this.unsubscribe = await this.connection.subscribeMessage(
      (event) => {
        this.chain = this.chain.then(() => this._handle(event)).catch((err) => this._end("failed", err));
      },
      command,
    );
  }

  _set(state, detail) {
    this.state = state;
    this.onChange(state, detail);
  }

  _send(type, data) {
    return this.connection.sendMessagePromise({ type: `betti/call/${type}`, session_id: this.sessionId, ...data });
  }

  _peer(configuration) {
    const pc = (this.pc = new RTCPeerConnection(configuration));
    for (const track of this.stream.getTracks()) pc.addTrack(track, this.stream);
    pc.onicecandidate = (ev) => {
      if (ev.candidate && ev.candidate.candidate) this._send("candidate", { candidate: ev.candidate.toJSON() }).catch(() => {});
    };
    pc.ontrack = (ev) => {
      this.remoteStream = ev.streams[0];
      this.onChange(this.state);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "connected") this._set("connected");
      else if (pc.connectionState === "failed") this.hangUp("failed");
    };
  }

  async _handle(event) {
    switch (event.type) {
      case "session":
        this.sessionId = event.session_id;
        this.peerName = event.peer;
        this._peer(event.configuration);
        this.heartbeat = setInterval(() => this._send("heartbeat").catch(() => {}), HEARTBEAT_MS);
        this._set(event.initiator ? "calling" : "connecting");
        break;
      case "peer_joined": {
        // Whoever waited in the room makes the offer once the other is there.
        this.peerName = event.name;
        this._set("connecting");
        const offer = await this.pc.createOffer();
        await this.pc.setLocalDescription(offer);
        await this._send("offer", { offer: offer.sdp });
        break;
      }
      case "offer": {
        await this.pc.setRemoteDescription({ type: "offer", sdp: event.offer });
        await this._flushCandidates();
        const answer = await this.pc.createAnswer();
        await this.pc.setLocalDescription(answer);
        await this._send("answer", { answer: answer.sdp });
        break;
      }
      case "answer":
        await this.pc.setRemoteDescription({ type: "answer", sdp: event.answer });
        await this._flushCandidates();
        break;
      case "candidate":
        // Candidates can arrive before the description they belong to.
        if (this.pc.remoteDescription) await this.pc.addIceCandidate(event.candidate);
        else this.pending.push(event.candidate);
        break;
      case "hangup":
      case "peer_left":
        this._end(event.reason);
        break;
    }
  }

  async _flushCandidates() {
    for (const candidate of this.pending.splice(0)) await this.pc.addIceCandidate(candidate);
  }

  hangUp(reason = "hangup") {
    if (this.sessionId && this.state !== "ended") this._send("hangup").catch(() => {});
    this._end(reason);
  }

  _end(reason, err) {
    if (this.state === "ended") return;
    if (err) console.warn("Betti call failed", err);
    clearInterval(this.heartbeat);
    this.pc?.close();
    for (const track of this.stream?.getTracks() || []) track.stop();
    this.unsubscribe?.();
    this._set("ended", REASONS.includes(reason) ? reason : "hangup");
  }
}
