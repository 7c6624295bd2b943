/*
 * The export's copy engine: copies pieces of the dump (source offset, output offset, length)
 * into the output file, leaving all-zero pages of the output's page grid unwritten.
 *
 * Why native: Node offers no partial copy_file_range and no SEEK_DATA, and each positional read
 * or write crosses into its thread pool, so a JavaScript loop moves a byte through user space
 * twice with microseconds of bookkeeping per call. Here one thread reads while another writes,
 * through a ring of 8 x 128 KiB buffers small enough to stay in the CPU caches between the read
 * and the write (rings of 4 MiB and more measured 25% slower), and every read starts on a page
 * boundary of the dump (an unaligned source makes the kernel's copy to user space markedly
 * slower; the misalignment is absorbed on the write side). Holes of a sparse input are found
 * with SEEK_DATA and skipped without being read, when zero pages are left unwritten anyway.
 *
 * A dense copy (every byte written, zero pages too) of a piece whose source and output offsets
 * lie at the same place in a page needs no byte in user space: asked to (the export asks where
 * the output's file system shares blocks or copies on its server), it goes through copy_file_range,
 * which copies inside the kernel (page cache to page cache on ext4, shared blocks on btrfs and
 * XFS, a server-side copy on NFS 4.2). Where the two offsets differ within a page, as VirtualBox's
 * unaligned data offsets make them in a raw export, the kernel's copy was measured 1.5 times
 * slower than the ring's page-aligned reads, so the ring copies those pieces. Where the kernel
 * refuses (another file system, ENOSYS, EINVAL, EOPNOTSUPP), the ring carries on from where it
 * stopped. A sparse copy keeps the ring: telling a zero page from another needs the bytes in user
 * space anyway.
 *
 * JavaScript keeps everything else: the plan, validation, progress display and error
 * messages. One call copies every piece and settles a promise; meanwhile it publishes its
 * progress in a BigInt64Array JavaScript polls, and stops at the next chunk once JavaScript sets
 * the abort flag (an Int32Array), so neither needs a call back into JavaScript.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <node_api.h>
#include <uv.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <poll.h>
#include <unistd.h>

#define CHUNK_BYTES (128 * 1024)
#define SLOT_COUNT 8
#define PAGE_BYTES 4096
#define NO_RUN SIZE_MAX
/* One copy_file_range call at most: the abort flag and progress are looked at between calls. */
#define KERNEL_STEP_BYTES (4 * 1024 * 1024)

typedef struct {
  int64_t source_offset;
  int64_t output_offset;
  int64_t length;
  int in_ring; /* copied by the ring of buffers; 0: by the kernel, already */
} piece_t;

typedef struct {
  unsigned char *buffer; /* CHUNK_BYTES + PAGE_BYTES, page aligned */
  size_t lead;           /* bytes read before the chunk's first byte, to start on a page boundary */
  size_t length;
  int64_t output_offset;
  int full;
} slot_t;

typedef struct {
  int error;   /* errno, or 0 */
  int ended;   /* the input ended before the piece did */
  int aborted; /* JavaScript set the abort flag */
  const char *syscall;
  int64_t position;
} failure_t;

typedef struct {
  int input_fd;
  int output_fd;
  int skip_zero_pages;
  int kernel_copy;             /* try copy_file_range for a dense copy */
  int64_t bytes_copied_in_kernel;
  int kernel_refusal;          /* the errno with which the kernel refused, or 0 */
  piece_t *pieces;
  size_t piece_count;

  slot_t slots[SLOT_COUNT];
  pthread_mutex_t lock;
  pthread_cond_t changed;
  int reader_finished;
  int writer_stopped;

  int64_t bytes_written;
  int64_t *bytes_done;       /* read by JavaScript while the copy runs */
  int64_t *bytes_stepped;    /* of those, bytes of the input's holes stepped over unread; NULL if not asked */
  const int32_t *abort_flag; /* set to non-zero by JavaScript */
  napi_ref bytes_done_reference;
  napi_ref abort_reference;
  failure_t read_failure;
  failure_t write_failure;
  int setup_error;

  napi_deferred deferred;
  napi_async_work work;
} job_t;

static const unsigned char zero_page[PAGE_BYTES];

static int is_zero(const unsigned char *bytes, size_t length) {
  /* Most pages of memory have a non-zero first or last byte: decide those without a memcmp. */
  if ((bytes[0] | bytes[length - 1]) != 0) return 0;
  return memcmp(bytes, zero_page, length) == 0;
}

static int read_fully(job_t *job, unsigned char *buffer, size_t length, int64_t position) {
  size_t done = 0;
  while (done < length) {
    ssize_t count = pread(job->input_fd, buffer + done, length - done, (off_t)(position + (int64_t)done));
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      job->read_failure.error = count < 0 ? errno : 0;
      job->read_failure.ended = count == 0;
      job->read_failure.syscall = "pread";
      job->read_failure.position = position + (int64_t)done;
      return 0;
    }
    done += (size_t)count;
  }
  return 1;
}

static int write_fully(job_t *job, const unsigned char *bytes, size_t length, int64_t position) {
  size_t done = 0;
  while (done < length) {
    ssize_t count = pwrite(job->output_fd, bytes + done, length - done, (off_t)(position + (int64_t)done));
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) {
      job->write_failure.error = count < 0 ? errno : EIO; /* a write that makes no progress never will */
      job->write_failure.syscall = "pwrite";
      job->write_failure.position = position + (int64_t)done;
      return 0;
    }
    done += (size_t)count;
  }
  job->bytes_written += (int64_t)length;
  return 1;
}

/* Writes one chunk; with skip_zero_pages, only the runs of non-zero pages of the output's grid. */
static int write_chunk(job_t *job, const slot_t *slot) {
  const unsigned char *data = slot->buffer + slot->lead;
  if (!job->skip_zero_pages) return write_fully(job, data, slot->length, slot->output_offset);
  size_t run_start = NO_RUN;
  size_t position = 0;
  while (position < slot->length) {
    size_t page_end = position + PAGE_BYTES - (size_t)((slot->output_offset + (int64_t)position) % PAGE_BYTES);
    if (page_end > slot->length) page_end = slot->length;
    if (is_zero(data + position, page_end - position)) {
      if (run_start != NO_RUN && !write_fully(job, data + run_start, position - run_start, slot->output_offset + (int64_t)run_start)) return 0;
      run_start = NO_RUN;
    } else if (run_start == NO_RUN) {
      run_start = position;
    }
    position = page_end;
  }
  if (run_start != NO_RUN) return write_fully(job, data + run_start, slot->length - run_start, slot->output_offset + (int64_t)run_start);
  return 1;
}

/*
 * How many bytes from `offset` on are a hole of a sparse input (they read as zeros), at most
 * `limit`, and never past the end of the file, so a dump that shrank is still read and reported.
 * A data extent found on the way is remembered in *data_end so dense files cost two lseeks in all.
 */
static int64_t input_hole_ahead(int input_fd, int64_t offset, int64_t limit, int64_t *data_end) {
  struct stat status;
  if (offset < *data_end || fstat(input_fd, &status) != 0 || offset >= status.st_size) return 0;
  off_t data = lseek(input_fd, (off_t)offset, SEEK_DATA);
  if (data < 0 && errno != ENXIO) {
    *data_end = INT64_MAX; /* the file system cannot tell: read everything */
    return 0;
  }
  if (data < 0 || data > status.st_size) data = status.st_size; /* ENXIO: no data after offset */
  if (data == offset) {
    off_t hole = lseek(input_fd, (off_t)offset, SEEK_HOLE);
    *data_end = hole > offset ? hole : INT64_MAX;
    return 0;
  }
  int64_t hole_bytes = (int64_t)data - offset;
  return hole_bytes < limit ? hole_bytes : limit;
}

static void *read_chunks(void *argument) {
  job_t *job = argument;
  size_t chunk_index = 0;
  int64_t data_end = job->skip_zero_pages ? 0 : INT64_MAX;
  for (size_t piece_index = 0; piece_index < job->piece_count; piece_index++) {
    const piece_t *piece = &job->pieces[piece_index];
    if (!piece->in_ring) continue;
    int64_t done = 0;
    while (done < piece->length) {
      int64_t source_offset = piece->source_offset + done;
      size_t length = piece->length - done < CHUNK_BYTES ? (size_t)(piece->length - done) : CHUNK_BYTES;
      if (__atomic_load_n(job->abort_flag, __ATOMIC_RELAXED) != 0) {
        job->read_failure.aborted = 1;
        job->read_failure.syscall = "copy";
        job->read_failure.position = source_offset;
        goto finished;
      }
      /* Whole chunks inside a hole of the input are zero pages: nothing to read or write. */
      int64_t hole_bytes = input_hole_ahead(job->input_fd, source_offset, piece->length - done, &data_end);
      if (hole_bytes >= (int64_t)length) {
        int64_t skipped = hole_bytes == piece->length - done ? hole_bytes : hole_bytes - hole_bytes % CHUNK_BYTES;
        /* Counted before bytes_done, so that a reader never sees more stepped than done. */
        if (job->bytes_stepped != NULL) __atomic_add_fetch(job->bytes_stepped, skipped, __ATOMIC_RELAXED);
        __atomic_add_fetch(job->bytes_done, skipped, __ATOMIC_RELAXED);
        done += skipped;
        continue;
      }

      slot_t *slot = &job->slots[chunk_index % SLOT_COUNT];
      pthread_mutex_lock(&job->lock);
      while (slot->full && !job->writer_stopped) pthread_cond_wait(&job->changed, &job->lock);
      int stopped = job->writer_stopped;
      pthread_mutex_unlock(&job->lock);
      if (stopped) goto finished;

      size_t lead = (size_t)(source_offset % PAGE_BYTES);
      if (!read_fully(job, slot->buffer, lead + length, source_offset - (int64_t)lead)) goto finished;
      slot->lead = lead;
      slot->length = length;
      slot->output_offset = piece->output_offset + done;

      pthread_mutex_lock(&job->lock);
      slot->full = 1;
      pthread_cond_broadcast(&job->changed);
      pthread_mutex_unlock(&job->lock);
      done += (int64_t)length;
      chunk_index++;
    }
  }
finished:
  pthread_mutex_lock(&job->lock);
  job->reader_finished = 1;
  pthread_cond_broadcast(&job->changed);
  pthread_mutex_unlock(&job->lock);
  return NULL;
}

static void write_chunks(job_t *job) {
  for (size_t chunk_index = 0;; chunk_index++) {
    slot_t *slot = &job->slots[chunk_index % SLOT_COUNT];
    pthread_mutex_lock(&job->lock);
    /* The reader fills slots in order, so an empty next slot after it finished means the end. */
    while (!slot->full && !job->reader_finished) pthread_cond_wait(&job->changed, &job->lock);
    int has_data = slot->full;
    pthread_mutex_unlock(&job->lock);
    if (!has_data) return;

    int written = write_chunk(job, slot);
    if (written) __atomic_add_fetch(job->bytes_done, (int64_t)slot->length, __ATOMIC_RELAXED); /* the reader adds skipped holes */

    pthread_mutex_lock(&job->lock);
    slot->full = 0;
    if (!written) job->writer_stopped = 1;
    pthread_cond_broadcast(&job->changed);
    pthread_mutex_unlock(&job->lock);
    if (!written) return;
  }
}

/* copy_file_range by its system call: the prebuilt engine then loads with a glibc older than 2.27 too. */
static ssize_t kernel_copy_range(int input_fd, int64_t *input_offset, int output_fd, int64_t *output_offset, size_t length) {
#ifdef SYS_copy_file_range
  loff_t input_position = *input_offset, output_position = *output_offset;
  ssize_t count = syscall(SYS_copy_file_range, input_fd, &input_position, output_fd, &output_position, length, 0u);
  if (count > 0) {
    *input_offset += count;
    *output_offset += count;
  }
  return count;
#else
  (void)input_fd; (void)input_offset; (void)output_fd; (void)output_offset; (void)length;
  errno = ENOSYS;
  return -1;
#endif
}

/* The kernel cannot copy between these files, or not this way: the ring copies instead. */
static int kernel_refuses(int error) {
  return error == EXDEV || error == ENOSYS || error == EINVAL || error == EOPNOTSUPP || error == EBADF || error == ETXTBSY || error == EOVERFLOW;
}

/*
 * Copies the pieces whose source and output offsets lie at the same place in a page with
 * copy_file_range, leaving the others (in_ring) to the ring. Stops at a failure (recorded as the
 * ring records its own); after a refusal, what is left goes to the ring.
 */
static void copy_in_kernel(job_t *job) {
  int refused = 0;
  for (size_t piece_index = 0; piece_index < job->piece_count; piece_index++) {
    piece_t *piece = &job->pieces[piece_index];
    if (refused || (piece->source_offset - piece->output_offset) % PAGE_BYTES != 0) continue;
    int64_t done = 0;
    while (done < piece->length) {
      int64_t input_offset = piece->source_offset + done, output_offset = piece->output_offset + done;
      if (__atomic_load_n(job->abort_flag, __ATOMIC_RELAXED) != 0) {
        job->read_failure = (failure_t){0, 0, 1, "copy", input_offset};
        return;
      }
      size_t length = piece->length - done < KERNEL_STEP_BYTES ? (size_t)(piece->length - done) : KERNEL_STEP_BYTES;
      ssize_t count = kernel_copy_range(job->input_fd, &input_offset, job->output_fd, &output_offset, length);
      if (count < 0 && errno == EINTR) continue;
      if (count < 0 && kernel_refuses(errno)) {
        job->kernel_refusal = errno;
        refused = 1;
        break;
      }
      if (count <= 0) {
        /* 0: the input ended before the piece did (the dump shrank). Other errors cannot be told
           apart as the input's or the output's: reported with the call that failed. */
        if (count == 0) job->read_failure = (failure_t){0, 1, 0, "copy_file_range", piece->source_offset + done};
        else job->write_failure = (failure_t){errno, 0, 0, "copy_file_range", piece->output_offset + done};
        return;
      }
      done += count;
      job->bytes_written += count;
      job->bytes_copied_in_kernel += count;
      __atomic_add_fetch(job->bytes_done, count, __ATOMIC_RELAXED);
    }
    /* What the kernel copied is done; the rest of a refused piece is the ring's. */
    piece->source_offset += done;
    piece->output_offset += done;
    piece->length -= done;
    piece->in_ring = piece->length > 0;
  }
}

static void execute(napi_env env, void *data) {
  (void)env;
  job_t *job = data;
  if (job->kernel_copy && !job->skip_zero_pages) {
    copy_in_kernel(job);
    if (job->read_failure.syscall != NULL || job->write_failure.syscall != NULL) return;
  }
  for (size_t index = 0; index < SLOT_COUNT; index++) {
    if (posix_memalign((void **)&job->slots[index].buffer, PAGE_BYTES, CHUNK_BYTES + PAGE_BYTES) != 0) {
      job->setup_error = ENOMEM;
      return;
    }
  }
  pthread_mutex_init(&job->lock, NULL);
  pthread_cond_init(&job->changed, NULL);
  /* As cp does: a dump not yet in the page cache is then read ahead in larger steps. Only a hint. */
  posix_fadvise(job->input_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  pthread_t reader;
  int created = pthread_create(&reader, NULL, read_chunks, job);
  if (created != 0) {
    job->setup_error = created;
  } else {
    write_chunks(job);
    pthread_join(reader, NULL);
  }
  pthread_cond_destroy(&job->changed);
  pthread_mutex_destroy(&job->lock);
}

static napi_value failure_error(napi_env env, const failure_t *failure) {
  const char *code = failure->aborted ? "ABORT_ERR" : failure->ended ? "EOF" : uv_err_name(-failure->error);
  const char *reason = failure->aborted ? "aborted" : failure->ended ? "the input ended" : strerror(failure->error);
  char message[256];
  snprintf(message, sizeof message, "%s: %s at offset %lld", failure->syscall, reason, (long long)failure->position);
  napi_value code_value, message_value, error, syscall_value, position_value;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &message_value);
  napi_create_error(env, code_value, message_value, &error);
  napi_create_string_utf8(env, failure->syscall, NAPI_AUTO_LENGTH, &syscall_value);
  napi_create_double(env, (double)failure->position, &position_value);
  napi_set_named_property(env, error, "syscall", syscall_value);
  napi_set_named_property(env, error, "position", position_value);
  return error;
}

static void complete(napi_env env, napi_status status, void *data) {
  job_t *job = data;
  napi_value outcome;
  int resolved = 0;
  if (status != napi_ok) {
    napi_create_string_utf8(env, "the copy was cancelled", NAPI_AUTO_LENGTH, &outcome);
    napi_value error;
    napi_create_error(env, NULL, outcome, &error);
    outcome = error;
  } else if (job->setup_error != 0) {
    failure_t setup = {job->setup_error, 0, 0, "setup", 0};
    outcome = failure_error(env, &setup);
  } else if (job->write_failure.syscall != NULL) {
    outcome = failure_error(env, &job->write_failure);
  } else if (job->read_failure.syscall != NULL) {
    outcome = failure_error(env, &job->read_failure);
  } else {
    napi_value bytes_written, bytes_copied_in_kernel, kernel_refusal;
    napi_create_object(env, &outcome);
    napi_create_double(env, (double)job->bytes_written, &bytes_written);
    napi_set_named_property(env, outcome, "bytesWritten", bytes_written);
    napi_create_double(env, (double)job->bytes_copied_in_kernel, &bytes_copied_in_kernel);
    napi_set_named_property(env, outcome, "bytesCopiedInKernel", bytes_copied_in_kernel);
    if (job->kernel_refusal != 0) napi_create_string_utf8(env, uv_err_name(-job->kernel_refusal), NAPI_AUTO_LENGTH, &kernel_refusal);
    else napi_get_null(env, &kernel_refusal);
    napi_set_named_property(env, outcome, "kernelCopyRefusal", kernel_refusal);
    resolved = 1;
  }
  if (resolved) napi_resolve_deferred(env, job->deferred, outcome);
  else napi_reject_deferred(env, job->deferred, outcome);
  napi_delete_async_work(env, job->work);
  napi_delete_reference(env, job->bytes_done_reference);
  napi_delete_reference(env, job->abort_reference);
  for (size_t index = 0; index < SLOT_COUNT; index++) free(job->slots[index].buffer);
  free(job->pieces);
  free(job);
}

static napi_value throw_type_error(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

static int is_offset(double value) {
  return value >= 0 && value <= 9007199254740991.0 && value == (double)(int64_t)value;
}

/* The elements of a typed array of the given type and length, or NULL. */
static void *typed_array_elements(napi_env env, napi_value value, napi_typedarray_type expected_type, size_t *length) {
  bool is_typed_array;
  napi_typedarray_type type;
  void *elements;
  if (napi_is_typedarray(env, value, &is_typed_array) != napi_ok || !is_typed_array) return NULL;
  if (napi_get_typedarray_info(env, value, &type, length, &elements, NULL, NULL) != napi_ok || type != expected_type) return NULL;
  return elements;
}

/*
 * copyPieces(inputFd, outputFd, pieces: Float64Array of (source, output, length) triples,
 *            skipZeroPages, bytesDone: BigInt64Array(1 or 2), abortFlag: Int32Array(1), kernelCopy)
 *   bytesDone[0]: bytes done; bytesDone[1], when there: of those, input holes stepped over unread
 *   kernelCopy: a dense copy (skipZeroPages false) tries copy_file_range first
 *   -> Promise<{ bytesWritten, bytesCopiedInKernel, kernelCopyRefusal: errno name or null }>
 */
static napi_value copy_pieces(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 7) return throw_type_error(env, "copyPieces takes inputFd, outputFd, pieces, skipZeroPages, bytesDone, abortFlag, kernelCopy");
  int32_t input_fd, output_fd;
  bool skip_zero_pages;
  if (napi_get_value_int32(env, argv[0], &input_fd) != napi_ok || napi_get_value_int32(env, argv[1], &output_fd) != napi_ok || input_fd < 0 || output_fd < 0) {
    return throw_type_error(env, "file descriptors must be non-negative integers");
  }
  size_t element_count, bytes_done_count, flag_count;
  const double *values = typed_array_elements(env, argv[2], napi_float64_array, &element_count);
  if (values == NULL || element_count % 3 != 0) return throw_type_error(env, "pieces must be a Float64Array of (source, output, length) triples");
  if (napi_get_value_bool(env, argv[3], &skip_zero_pages) != napi_ok) return throw_type_error(env, "skipZeroPages must be a boolean");
  bool kernel_copy;
  if (napi_get_value_bool(env, argv[6], &kernel_copy) != napi_ok) return throw_type_error(env, "kernelCopy must be a boolean");
  int64_t *bytes_done = typed_array_elements(env, argv[4], napi_bigint64_array, &bytes_done_count);
  if (bytes_done == NULL || (bytes_done_count != 1 && bytes_done_count != 2)) return throw_type_error(env, "bytesDone must be a BigInt64Array of 1 or 2");
  const int32_t *abort_flag = typed_array_elements(env, argv[5], napi_int32_array, &flag_count);
  if (abort_flag == NULL || flag_count != 1) return throw_type_error(env, "abortFlag must be an Int32Array of 1");

  for (size_t index = 0; index < element_count; index++) {
    if (!is_offset(values[index])) return throw_type_error(env, "piece offsets and lengths must be non-negative safe integers");
  }
  job_t *job = calloc(1, sizeof *job);
  piece_t *pieces = calloc(element_count / 3 + 1, sizeof *pieces);
  if (job == NULL || pieces == NULL) {
    free(job);
    free(pieces);
    napi_throw_error(env, "ENOMEM", "out of memory");
    return NULL;
  }
  for (size_t index = 0; index < element_count / 3; index++) {
    pieces[index].source_offset = (int64_t)values[index * 3];
    pieces[index].output_offset = (int64_t)values[index * 3 + 1];
    pieces[index].length = (int64_t)values[index * 3 + 2];
    pieces[index].in_ring = 1;
  }
  job->input_fd = input_fd;
  job->output_fd = output_fd;
  job->skip_zero_pages = skip_zero_pages;
  job->kernel_copy = kernel_copy;
  job->pieces = pieces;
  job->piece_count = element_count / 3;
  job->bytes_done = bytes_done;
  job->bytes_stepped = bytes_done_count == 2 ? bytes_done + 1 : NULL;
  job->abort_flag = abort_flag;
  /* Keeps both arrays alive while the copy thread uses their memory. */
  napi_create_reference(env, argv[4], 1, &job->bytes_done_reference);
  napi_create_reference(env, argv[5], 1, &job->abort_reference);

  napi_value promise, name;
  napi_create_promise(env, &job->deferred, &promise);
  napi_create_string_utf8(env, "vboxcore.copyPieces", NAPI_AUTO_LENGTH, &name);
  napi_create_async_work(env, NULL, name, execute, complete, job, &job->work);
  napi_queue_async_work(env, job->work);
  return promise;
}

/*
 * sendRange(inputFd, outputFd, fileOffset, length) -> bytes sent, synchronously: `read --raw`'s
 * data to standard output by sendfile, so the bytes never pass through user space (a pipe gets
 * the page cache's pages, /dev/null nothing at all). Throws with the errno's code; where the
 * kernel cannot send to this output (a terminal, an appending file: EINVAL, ENOSYS) it throws
 * before sending anything, and the caller writes the bytes itself. A non-blocking output that is
 * full is waited on. Returns fewer bytes than asked only when the input ended.
 */
static napi_value send_range(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t input_fd, output_fd;
  double offset_value, length_value;
  if (argc != 4 || napi_get_value_int32(env, argv[0], &input_fd) != napi_ok || napi_get_value_int32(env, argv[1], &output_fd) != napi_ok ||
      napi_get_value_double(env, argv[2], &offset_value) != napi_ok || napi_get_value_double(env, argv[3], &length_value) != napi_ok ||
      input_fd < 0 || output_fd < 0 || !is_offset(offset_value) || !is_offset(length_value)) {
    return throw_type_error(env, "sendRange takes inputFd, outputFd, and a file offset and length that are non-negative safe integers");
  }
  off_t offset = (off_t)offset_value;
  int64_t remaining = (int64_t)length_value;
  int64_t sent = 0;
  while (remaining > 0) {
    size_t step = remaining < (int64_t)0x40000000 ? (size_t)remaining : (size_t)0x40000000;
    ssize_t count = sendfile(output_fd, input_fd, &offset, step);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0 && errno == EAGAIN) {
      struct pollfd writable = {output_fd, POLLOUT, 0};
      poll(&writable, 1, -1);
      continue;
    }
    if (count < 0) {
      napi_value code, message, error, sent_value;
      char text[128];
      snprintf(text, sizeof text, "sendfile: %s", strerror(errno));
      napi_create_string_utf8(env, uv_err_name(-errno), NAPI_AUTO_LENGTH, &code);
      napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &message);
      napi_create_error(env, code, message, &error);
      napi_create_double(env, (double)sent, &sent_value);
      napi_set_named_property(env, error, "bytesSent", sent_value);
      napi_throw(env, error);
      return NULL;
    }
    if (count == 0) break; /* the input ended */
    sent += count;
    remaining -= count;
  }
  napi_value result;
  napi_create_double(env, (double)sent, &result);
  return result;
}

static napi_value initialize(napi_env env, napi_value exports) {
  napi_value function;
  napi_create_function(env, "copyPieces", NAPI_AUTO_LENGTH, copy_pieces, NULL, &function);
  napi_set_named_property(env, exports, "copyPieces", function);
  napi_create_function(env, "sendRange", NAPI_AUTO_LENGTH, send_range, NULL, &function);
  napi_set_named_property(env, exports, "sendRange", function);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, initialize)
